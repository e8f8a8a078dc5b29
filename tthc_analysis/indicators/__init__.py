"""Indicators: Biểu 06a, the other indicators, checks, published figures, history and trends."""
