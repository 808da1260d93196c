"""``python -m gutwidgets.classroom``: the command line of :mod:`gutwidgets.publishing.classroom`."""

if __name__ == "__main__":
    from gutwidgets.publishing.classroom import main

    raise SystemExit(main())
