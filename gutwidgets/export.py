"""``python -m gutwidgets.export``: the command line of :mod:`gutwidgets.publishing.export`."""

if __name__ == "__main__":
    from gutwidgets.publishing.export import main

    raise SystemExit(main())
