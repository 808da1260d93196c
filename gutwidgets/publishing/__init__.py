"""Publishing the chapters without a server: the static copy (``export``), the zero-install
JupyterLite site (``lite``) and the teacher's materials (``classroom``)."""
