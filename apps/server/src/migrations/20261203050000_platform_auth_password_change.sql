-- An account whose password was chosen by the platform (the first administrator's, printed once)
-- must choose its own before doing anything else.
ALTER TABLE auth_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
