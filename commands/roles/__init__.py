"""Roles and permissions: who may change what others rely on, and the audit trail."""
