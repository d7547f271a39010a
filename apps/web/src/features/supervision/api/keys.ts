/**
 * Query keys. A supervision step changes the item page and the to-do list too, which the ledger
 * keeps under ['items'] (features do not import each other, so the key is named here).
 */
export const supervisionQueryKey = ['supervision'] as const;
export const ledgerQueryKey = ['items'] as const;
