"""For the multi-process tests only: report PDFs take ``OPS_SLOW_SECONDS`` longer, so a test
can kill the worker while it draws one."""
