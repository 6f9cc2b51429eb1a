"""A local web page for people who do not use a terminal (`holdcalc serve`).

The same engine as the command line, reached through the same layers: one case is
judged by the core and worded by the output records, a roster is checked by the
roster pipeline, letters come from the letters layer. This package only reads forms,
names form fields in error messages, and renders pages (the `web` extra: Flask, and
waitress to serve it).
"""
