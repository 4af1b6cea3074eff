"""The named questions (``*.rq``, ``checks/``, ``derive/``), the code that reads and binds them, and result rows."""
