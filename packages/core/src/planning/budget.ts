/**
 * The money a plan may spend, year by year. With an annual budget each year spends at most that
 * (Universal Service Fund appropriations lapse at the end of the year); with a total budget alone
 * the money is released evenly and what a year leaves unspent carries over. The total is never
 * exceeded either way.
 *
 *     const ledger = new BudgetLedger({ totalUsd: 5e6, annualUsd: null, fromYear: 2027, untilYear: 2030 });
 *     const year = ledger.earliestYear(12_000, 2027);   // 0 when it fits in no year
 *     ledger.spend(year, 12_000);
 */

export interface Budget {
  /** Infinity: no total limit. */
  totalUsd: number;
  /** null: no annual limit. */
  annualUsd: number | null;
  fromYear: number;
  untilYear: number;
}

export function checkBudget(b: Budget): Budget {
  if (!Number.isInteger(b.fromYear) || !Number.isInteger(b.untilYear) || b.untilYear < b.fromYear) {
    throw new Error(`plan years: from ${b.fromYear} until ${b.untilYear} is not a range of years`);
  }
  if (!(b.totalUsd >= 0)) throw new Error(`budget: ${b.totalUsd} is not an amount of USD ≥ 0`);
  if (b.annualUsd !== null && !(b.annualUsd >= 0 && Number.isFinite(b.annualUsd))) throw new Error(`annual budget: ${b.annualUsd} is not an amount of USD ≥ 0`);
  return b;
}

/** All the money the plan can spend over its years. */
export function budgetCapacity(b: Budget): number {
  const years = b.untilYear - b.fromYear + 1;
  return Math.min(b.totalUsd, b.annualUsd === null ? Infinity : b.annualUsd * years);
}

export class BudgetLedger {
  readonly budget: Budget;
  /** Spent in each year, index 0 = fromYear. */
  readonly spent: Float64Array;
  /** Limit on each year's spending alone. */
  private readonly yearCap: Float64Array;
  /** Limit on the spending of this year and all before it. */
  private readonly cumulativeCap: Float64Array;

  constructor(budget: Budget) {
    this.budget = checkBudget(budget);
    const years = budget.untilYear - budget.fromYear + 1;
    this.spent = new Float64Array(years);
    this.yearCap = new Float64Array(years).fill(budget.annualUsd ?? Infinity);
    this.cumulativeCap = new Float64Array(years).map((_, y) => (budget.annualUsd === null ? (budget.totalUsd * (y + 1)) / years : budget.totalUsd));
  }

  /** The first year from notBefore in which costUsd fits, or 0. */
  earliestYear(costUsd: number, notBefore = this.budget.fromYear): number {
    const years = this.spent.length;
    // Spending in year y counts towards the cumulative limit of y and every later year.
    const slack = new Float64Array(years);
    let cumulative = 0;
    for (let y = 0; y < years; y++) slack[y] = this.cumulativeCap[y]! - (cumulative += this.spent[y]!);
    let laterSlack = Infinity;
    const fits = new Uint8Array(years);
    for (let y = years - 1; y >= 0; y--) {
      laterSlack = Math.min(laterSlack, slack[y]!);
      fits[y] = costUsd <= laterSlack * (1 + 1e-12) && this.spent[y]! + costUsd <= this.yearCap[y]! * (1 + 1e-12) ? 1 : 0;
    }
    for (let y = Math.max(0, notBefore - this.budget.fromYear); y < years; y++) if (fits[y]) return this.budget.fromYear + y;
    return 0;
  }

  spend(year: number, costUsd: number): void {
    this.spent[year - this.budget.fromYear]! += costUsd;
  }

  get totalSpent(): number {
    return this.spent.reduce((a, b) => a + b, 0);
  }
}
