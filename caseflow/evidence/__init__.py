"""Evidence attached to a case: photos and PDFs with chain of custody."""
