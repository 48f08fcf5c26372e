"""Test doubles for Slack: a local Web API emulator and correctly signed request builders."""
