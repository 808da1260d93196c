"""Publishing the chapters without a server: the static copy (``export``) and the teacher's
materials (``classroom``)."""
