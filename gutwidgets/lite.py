"""``python -m gutwidgets.lite``: the command line of :mod:`gutwidgets.publishing.lite`."""

if __name__ == "__main__":
    from gutwidgets.publishing.lite import main

    raise SystemExit(main())
