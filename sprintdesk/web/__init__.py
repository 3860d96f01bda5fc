"""The room's web server: participants' phones join a workshop over the local network.

Above the services (every write goes through them, one transaction each) and below the
interface, which starts and stops it. No Qt here: the server runs in a worker thread.
"""
