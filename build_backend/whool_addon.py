"""whool, whatever the checkout folder is called.

whool names the distribution after the addon's folder (odoo-addon-<folder>). The
repository root is the addon, so a checkout in any other folder would build a
wheel of the wrong name: the build then runs on a copy of the tracked files in a
folder named after the addon.
"""

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from whool import buildapi

ADDON = "storefront_connector"
UNTRACKED = shutil.ignore_patterns(".git", "build", "dist", "__pycache__", "*.py[co]")


def _copy_addon(source, target):
    try:
        tracked = subprocess.run(
            ["git", "ls-files", "-z"], cwd=source, capture_output=True, check=True
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        shutil.copytree(source, target, ignore=UNTRACKED)
        return
    target.mkdir()
    for name in filter(None, tracked.split("\0")):
        if (source / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)


@contextmanager
def _in_addon_folder():
    here = Path.cwd()
    if here.name == ADDON:
        yield
        return
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp, ADDON)
        _copy_addon(here, staged)
        os.chdir(staged)
        try:
            yield
        finally:
            os.chdir(here)


def _absolute(directory):
    return os.path.abspath(directory) if directory else directory


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    wheel_directory = _absolute(wheel_directory)
    with _in_addon_folder():
        return buildapi.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    sdist_directory = _absolute(sdist_directory)
    with _in_addon_folder():
        return buildapi.build_sdist(sdist_directory, config_settings)


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    metadata_directory = _absolute(metadata_directory)
    with _in_addon_folder():
        return buildapi.prepare_metadata_for_build_wheel(metadata_directory, config_settings)
