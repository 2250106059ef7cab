"""The only code that changes disputes: one module per part (filing, mediation, arbitration,
documents, court linkage, statistics). Each action checks the actor's role, runs in one
transaction and leaves a timeline entry through the case's workflow."""
