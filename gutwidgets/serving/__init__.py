"""Serving the dashboards: the Voila launcher (``serve``), the capped kernel manager (``kernels``)
and the Jupyter Server extension (``_server``: plotly.js and the dashboards' assets over HTTP)."""
