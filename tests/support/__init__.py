"""Code the tests share that is no part of the course package (the readability scorer)."""
