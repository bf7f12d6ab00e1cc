-- Reminder settings: the reminders a person has switched off. Safeguarding
-- messages are not reminders and cannot be switched off.
CREATE TABLE reminder_optouts (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
