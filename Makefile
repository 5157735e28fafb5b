# The two commands a newcomer needs are `make demo` and `make test`; see README.md.
.PHONY: demo install test lint check-postgres bench

demo: install
	.venv/bin/python manage.py migrate --noinput
	.venv/bin/python manage.py load_demo
	.venv/bin/python manage.py runserver 127.0.0.1:8000

install:
	bash scripts/install.sh

test: install
	bash scripts/test.sh

lint:
	.venv/bin/ruff check kencho bench manage.py
	.venv/bin/ruff format --check kencho bench manage.py
	.venv/bin/mypy kencho bench

bench: install
	.venv/bin/python bench/submit.py
