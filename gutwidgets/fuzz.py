"""``python -m gutwidgets.fuzz``: the command line of :mod:`gutwidgets.testtools.fuzz`."""

if __name__ == "__main__":
    from gutwidgets.testtools.fuzz import main

    raise SystemExit(main())
