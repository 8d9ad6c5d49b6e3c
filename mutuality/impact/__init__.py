"""Impact: the poll, its statistics, and the evaluation report's disclosed figures and charts."""
