"""Front-end packages served from node_modules (installed by `npm ci` from the committed lockfile), never a CDN."""

import os

from flask import abort, current_app, send_from_directory

from .blueprint import bp, public

# Each package's folder of files that pages may load.
VENDOR = {"bootstrap": "bootstrap/dist"}


@bp.get("/vendor/<package>/<path:filename>")
@public
def vendor(package, filename):
    if package not in VENDOR:
        abort(404)
    return send_from_directory(os.path.join(current_app.config["NODE_MODULES"], VENDOR[package]), filename,
                               max_age=86400)
