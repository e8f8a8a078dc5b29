"""``python -m tthc_analysis.synthetic --out data/sample`` regenerates the sample."""

from .generator import main

if __name__ == "__main__":  # pragma: no cover
    main()
