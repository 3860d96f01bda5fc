"""SQLAlchemy storage: engine setup, typed mappings, Alembic migrations, repositories.

Everything SQLite-specific lives in this package (see ``database.py``).
"""
