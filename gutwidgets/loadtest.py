"""``python -m gutwidgets.loadtest``: the command line of :mod:`gutwidgets.testtools.loadtest`."""

if __name__ == "__main__":
    from gutwidgets.testtools.loadtest import main

    raise SystemExit(main())
