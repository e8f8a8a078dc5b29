"""Run: notebook execution, the batch over every commune, and the ``tthc`` command."""
