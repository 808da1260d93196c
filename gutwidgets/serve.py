"""``python -m gutwidgets.serve``: the command line of :mod:`gutwidgets.serving.serve`."""

if __name__ == "__main__":
    from gutwidgets.serving.serve import main

    raise SystemExit(main())
