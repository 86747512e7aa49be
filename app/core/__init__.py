"""The Qt-free core: storage, importers, search, tags, annotations, books, assembly."""
