from tests.service.database import db, db_url, postgres_url

__all__ = ["db", "db_url", "postgres_url"]
