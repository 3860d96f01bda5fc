"""Pure-Python domain: workshops, agendas, the schedule, the facilitation timer.

Nothing here imports Qt, SQLAlchemy or ReportLab (enforced by import-linter).
"""
