"""The import engine: jobs (upload → check → preview → confirm, progress, error report, all-or-nothing)
for any importer an app declares (`declaration.Importer`). See docs/EXCEL.md."""
