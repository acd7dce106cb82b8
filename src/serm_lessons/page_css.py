"""The course's own page styles (focus rings, chosen-option emphasis), for every view: the lessons
(lesson.py, quiz.py), the static site and the slides. One module, so those import it without
importing each other."""

from __future__ import annotations

import json

from . import vocabulary as v

# The course's own page styles. JupyterLab drops <style> from HTML outputs it has not run itself,
# so a script adds them to the page once; the static site puts the same rules in its stylesheet.
COURSE_CSS = f"""
/* jupyterquiz hides each answer's radio button, so keyboard focus showed nowhere: ring the answer */
.Quiz .MCButton:focus-within, .Quiz .MCButton:has(input:focus-visible) {{
  outline: 3px solid {v.PAGE_TEXT}; outline-offset: 2px; box-shadow: 0 0 0 5px {v.WHITE};
}}
/* a chosen radio button's label is bold too, so the choice does not rest on the dot alone */
.widget-radio-box label:has(input:checked) {{ font-weight: bold; }}
"""
COURSE_CSS_ID = "serm-course-css"


def course_css_script() -> str:
    """JavaScript that adds COURSE_CSS to the page once (a second call changes nothing)."""
    return (
        f"if (!document.getElementById({json.dumps(COURSE_CSS_ID)})) {{"
        " const style = document.createElement('style');"
        f" style.id = {json.dumps(COURSE_CSS_ID)};"
        f" style.textContent = {json.dumps(COURSE_CSS)};"
        " document.head.appendChild(style); }"
    )
