-- What a session's table carries from one published step to the next (`bilan_core::disclosure::Steps`
-- as JSON): the raw table of that step and the counts it showed, so that the next step adds
-- only its newcomers, perturbed once. Empty for every other table, and for a session published
-- before it, whose next step is then released as a whole.
ALTER TABLE releases ADD COLUMN steps TEXT NOT NULL DEFAULT '';
