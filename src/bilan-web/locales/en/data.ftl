## « Your data »: what Bilan keeps, what leaves the device, what others see.

your-data-title = Your data
your-data-link = How Bilan protects it
your-data-lead = Bilan is made so that your answers stay yours. Here is what stays on this device, what leaves it and what others see of it.
your-data-kept-title = What stays on this device
your-data-kept = Your profiles (first name or pseudonym, project name), your reviews and all your answers, including what you write in your own words, your drafts and your action plan; for facilitators, their sessions. Everything is stored in this browser, on this device: neither the Pôle nor the server can read it.
your-data-kept-safe = A browser short of space may erase this data, unless it agreed to keep it (Bilan asks it to). A backup, on “My journey”, puts it somewhere safe; keep that file to yourself, it holds your answers.
your-data-shared-title = What leaves it, only if you want
your-data-shared = If your facilitator linked this device to your organisation’s server, and only if you tick sharing, each review sends anonymous totals: for each indicator and each question that may be shared, a range added to a counter (for instance “score from 40 to 60 in professionalisation: one more person”), with the year.
your-data-never = Never your name, your project, what you wrote, an exact amount, a date, nor anything that points to the device. The server keeps counters only: it does not know which answers arrived together. Untick sharing whenever you like: what has not left yet stays on the device.
your-data-board-title = What the board sees
your-data-board = Tables of enough people that nobody is alone in them: five, or the threshold the server sets, never fewer than three. Every number in them is changed slightly, by two at most, and in the year’s tables a cell that is too small is not shown. Reading them again gives the same numbers; to find one person’s answers in them, one would need to know everyone else’s, and even then one table is not enough.
your-data-sessions-title = In a collective session
your-data-sessions = On the tablet passed from hand to hand, your answers stay on the tablet and the screen is wiped before the next person; what you write in your own words, the facilitator may read out to the group without knowing who wrote it; only the session’s totals leave, once. On your phone, your answers go to the server, which adds them to its counters without keeping them one by one; the phone only remembers that you answered.
your-data-erase-title = Erasing
your-data-erase = Delete a review given by mistake from its page, or a profile and everything in it from “My journey”: the totals that had not left yet are erased with them. Those already counted stay: nothing links them to you any more, which is what makes them anonymous.
