"""Inputs: files to validated frames (readers, headers, values, tables), the data root, published summaries."""
