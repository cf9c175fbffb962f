"""Difficulty reports (phản ánh, kiến nghị) of postal firms, their answers and guidance."""
