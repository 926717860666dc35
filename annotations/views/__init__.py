"""The annotations app's pages: the reader and its writes (reading), members responding and
moderating (community), notifications (notices), and live updates (live)."""
