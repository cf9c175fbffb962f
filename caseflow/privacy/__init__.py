"""Personal data: field encryption, blind indexes, masking and reveal, retention, breaches."""
