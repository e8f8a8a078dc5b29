"""``python -m tthc_analysis`` is the same as the ``tthc`` command."""

from .run.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
