"""A stand-in for buildbot-www's 'base' plugin: the www service insists on one; the REST API needs none of its UI."""
import os

from twisted.web import resource


class Base:
    description = "no UI (REST API only)"
    version = "0"
    ui = False

    def __init__(self):
        # Only read when someone asks for the UI's index page, which the benchmark never does.
        self.static_dir = os.path.dirname(os.path.abspath(__file__))
        # The root the www service hangs /api, /auth, /config on; it serves nothing itself.
        self.resource = resource.Resource()

    def setMaster(self, master):
        self.master = master

    def setConfiguration(self, config):
        self.config = config


ep = Base()
