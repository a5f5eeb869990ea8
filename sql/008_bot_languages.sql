-- A bot speaks the shop's languages: its welcome, starter questions and AI disclosure per
-- language ({"de": {"welcomeMessage": "…", "starterQuestions": […], "disclosure": "…"}}), the
-- language its plain fields are written in, and its AI disclosure (NULL: the widget's own
-- translated default).
ALTER TABLE bots ADD COLUMN IF NOT EXISTS default_language text NOT NULL DEFAULT 'en';
ALTER TABLE bots ADD COLUMN IF NOT EXISTS locales jsonb NOT NULL DEFAULT '{}';
ALTER TABLE bots ADD COLUMN IF NOT EXISTS disclosure text;
