"""Core: errors and findings, periods, Vietnamese labels and number format, atomic writes."""
