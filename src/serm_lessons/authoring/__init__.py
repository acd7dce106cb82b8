"""Tools for instructors and maintainers, apart from the lesson runtime (no lesson imports them).

cli     the one command line: `python -m serm_lessons validate | links | site`
links   Binder and JupyterHub (nbgitpuller) links that open each lesson
site    the static, offline HTML copy of the lessons (`make site`)
"""
