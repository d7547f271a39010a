import * as vocabulary from '@ledger/domain/vocabulary';
import { describe, expect, it } from 'vitest';

import * as prismaEnums from '../src/generated/prisma/enums';

// The schema's enums and the domain's labelled lists must name the same codes in the same
// order, or a label would be missing in the UI or a value rejected by the API.
const pairs = [
  ['UnitType', vocabulary.unitType],
  ['Role', vocabulary.role],
  ['ItemKind', vocabulary.itemKind],
  ['InspectionRound', vocabulary.inspectionRound],
  ['ProblemCategory', vocabulary.problemCategory],
  ['PollutionType', vocabulary.pollutionType],
  ['TimeLimitType', vocabulary.timeLimitType],
  ['ScheduleState', vocabulary.scheduleState],
  ['Verdict', vocabulary.verdict],
  ['HandlingState', vocabulary.handlingState],
  ['ItemStatus', vocabulary.itemStatus],
  ['SupervisionLevel', vocabulary.noticeLevel],
  ['SupervisionStatus', vocabulary.supervisionStatus],
  ['LookBackResult', vocabulary.lookBackResult],
  ['ClosureRequestStatus', vocabulary.closureRequestStatus],
  ['VerificationResult', vocabulary.verificationResult],
  ['SignOffDecision', vocabulary.signOffDecision],
  ['ExtensionStatus', vocabulary.extensionStatus],
  ['ObjectionStatus', vocabulary.objectionStatus],
  ['NoticePeriodStatus', vocabulary.noticePeriodStatus],
  ['JobStatus', vocabulary.jobStatus],
  ['ImportStatus', vocabulary.importStatus],
] as const;

describe('official value lists', () => {
  it.each(pairs)('Prisma enum %s has exactly the domain codes', (enumName, list) => {
    expect(Object.values(prismaEnums[enumName])).toEqual(list.codes);
  });

  it('labels every code in Chinese', () => {
    for (const [, list] of pairs) {
      for (const code of list.codes) expect(list.label(code as never)).toMatch(/\p{Script=Han}/u);
    }
  });
});
