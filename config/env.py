"""The one place that reads the process environment.

Every setting that varies between a resident's laptop, CI and the town's server comes from here,
so a reader finds in one file what an operator can change.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# A `.env` file at the project root is read when present (never committed): handy on a server.
_dotenv = BASE_DIR / ".env"
if _dotenv.is_file():
    env.read_env(str(_dotenv))

DEFAULT_DATABASE_URL = "postgis:///cadre_de_vie"
