"""Quiz pages: ``learner`` (take a quiz, review it) and ``instructor`` (bank, drafts, settings)."""
