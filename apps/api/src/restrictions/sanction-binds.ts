/**
 * Whether sanction `s` still reaches its person (`u`, their users row): a named one always; one
 * taken through a pseudonym only while the account is in the epoch that pseudonym belonged to.
 */
export const SANCTION_BINDS = `(NOT s.through_pseudonym OR s.user_epoch = u.epoch)`;
