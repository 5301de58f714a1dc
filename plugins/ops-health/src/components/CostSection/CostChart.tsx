import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { CSSProperties, ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { OpsHealthDailyCost } from '../../api';
import { formatDay, formatMoney } from '../common/format';

const DAY_MS = 86_400_000;

function dayNote(day?: CostChartDay): string {
  if (day?.partial) return ' so far (partial)';
  if (day?.estimated) return ' (estimated)';
  return '';
}

function opacity(day: CostChartDay): number {
  if (day.partial) return 0.3;
  return day.estimated ? 0.6 : 1;
}

/** A bar of the chart; a day with no known cost has no amount. */
export type CostChartDay = {
  day: string;
  amount?: number;
  estimated?: boolean;
  partial?: boolean;
};

/**
 * The `count` UTC days ending with `today`, each with its known cost; today
 * is marked partial (Cost Explorer still fills it in).
 *
 * @internal
 */
export function chartDays(
  known: OpsHealthDailyCost[],
  today: string,
  count: number,
): CostChartDay[] {
  const byDay = new Map(known.map(d => [d.day, d]));
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(end - (count - 1 - i) * DAY_MS)
      .toISOString()
      .slice(0, 10);
    const cost = byDay.get(day);
    return {
      day,
      ...(cost ? { amount: cost.amount, estimated: cost.estimated } : {}),
      ...(day === today ? { partial: true } : {}),
    };
  });
}

/**
 * Daily cost bars with the daily threshold as a horizontal line; days that
 * Cost Explorer still estimates are drawn lighter, today (partial) lighter
 * still and outlined.
 *
 * @internal
 */
export function CostChart({
  days,
  dailyThreshold,
  unit,
}: {
  days: CostChartDay[];
  dailyThreshold?: number;
  unit: string;
}) {
  const theme = useTheme();
  const over = days.filter(
    d =>
      !d.partial &&
      dailyThreshold !== undefined &&
      d.amount !== undefined &&
      d.amount > dailyThreshold,
  ).length;
  const threshold =
    dailyThreshold !== undefined
      ? `, threshold ${formatMoney(dailyThreshold, unit)}: ${over} ${
          over === 1 ? 'day' : 'days'
        } over it`
      : '';
  const description = `Daily cost of the last ${days.length} days, today so far${threshold}`;
  const tick = { fill: theme.palette.text.secondary, fontSize: 12 };
  const max = Math.max(dailyThreshold ?? 0, ...days.map(d => d.amount ?? 0));
  const yTicks = niceTicks(max * 1.05);

  const anyOver = days.some(
    d =>
      dailyThreshold !== undefined &&
      d.amount !== undefined &&
      d.amount > dailyThreshold,
  );
  const anyEstimated = days.some(d => d.estimated && !d.partial);
  const swatch = (style: CSSProperties) => (
    <Box
      component="span"
      aria-hidden
      display="inline-block"
      width={14}
      height={10}
      mr={0.5}
      style={style}
    />
  );

  return (
    <>
      {/* The legend, above the bars rather than on them (a label inside the
          plot sat on the tallest bars). Hidden from screen readers: the
          figure's label says the same. */}
      <Box
        aria-hidden
        display="flex"
        flexWrap="wrap"
        style={{ columnGap: 16, rowGap: 4 }}
        mb={0.5}
      >
        {dailyThreshold !== undefined && (
          <LegendItem
            swatch={swatch({
              height: 0,
              borderTop: `2px dashed ${theme.palette.warning.main}`,
              verticalAlign: 'middle',
            })}
          >
            Daily threshold {formatMoney(dailyThreshold, unit)}
          </LegendItem>
        )}
        {anyOver && (
          <LegendItem swatch={swatch({ background: theme.palette.error.main })}>
            Over the threshold
          </LegendItem>
        )}
        {anyEstimated && (
          <LegendItem
            swatch={swatch({
              background: theme.palette.primary.main,
              opacity: 0.6,
            })}
          >
            Estimated by Cost Explorer
          </LegendItem>
        )}
        <LegendItem
          swatch={swatch({
            background: theme.palette.primary.main,
            opacity: 0.3,
            outline: `1px dashed ${theme.palette.primary.main}`,
            outlineOffset: -1,
          })}
        >
          Today so far
        </LegendItem>
      </Box>
      <figure
        role="img"
        aria-label={description}
        style={{ margin: 0, width: '100%', height: 260 }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={days} margin={{ top: 16, right: 16, left: 8 }}>
            <CartesianGrid
              stroke={theme.palette.divider}
              strokeDasharray="3 3"
              vertical={false}
            />
            <XAxis
              dataKey="day"
              tick={tick}
              // Every n-th day, evenly (at most about 8 labels).
              interval={Math.max(0, Math.ceil(days.length / 8) - 1)}
              tickFormatter={(day: string) => formatDay(day)}
              stroke={theme.palette.divider}
            />
            <YAxis
              tick={tick}
              domain={[0, yTicks[yTicks.length - 1]]}
              ticks={yTicks}
              stroke={theme.palette.divider}
              tickFormatter={(v: number) => `${v}`}
              width={56}
            />
            <Tooltip
              cursor={{ fill: theme.palette.action.hover }}
              contentStyle={{
                background: theme.palette.background.paper,
                borderColor: theme.palette.divider,
                color: theme.palette.text.primary,
              }}
              labelStyle={{ color: theme.palette.text.primary }}
              labelFormatter={(day: unknown) =>
                typeof day === 'string' ? formatDay(day) : String(day)
              }
              formatter={(value, _name, item) => [
                `${formatMoney(Number(value), unit)}${dayNote(item?.payload)}`,
                'Cost',
              ]}
            />
            <Bar dataKey="amount" name="Cost" isAnimationActive={false}>
              {days.map(d => {
                const color =
                  dailyThreshold !== undefined &&
                  d.amount !== undefined &&
                  d.amount > dailyThreshold
                    ? theme.palette.error.main
                    : theme.palette.primary.main;
                return (
                  <Cell
                    key={d.day}
                    fill={color}
                    fillOpacity={opacity(d)}
                    stroke={d.partial ? color : undefined}
                    strokeDasharray={d.partial ? '3 2' : undefined}
                  />
                );
              })}
            </Bar>
            {dailyThreshold !== undefined && (
              <ReferenceLine
                y={dailyThreshold}
                stroke={theme.palette.warning.main}
                strokeDasharray="6 3"
              />
            )}
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </>
  );
}

function LegendItem({
  swatch,
  children,
}: {
  swatch: ReactNode;
  children: ReactNode;
}) {
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="span"
      style={{ display: 'inline-flex', alignItems: 'center' }}
    >
      {swatch}
      {children}
    </Typography>
  );
}

/**
 * Axis ticks from 0 past `top` in a round step (1, 2, 2.5 or 5 times a
 * power of ten), four to six of them: 0, 25, 50, … 125, not 111 on top.
 *
 * @internal
 */
export function niceTicks(top: number): number[] {
  if (!(top > 0)) return [0, 1];
  const rough = top / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 2.5, 5, 10].map(f => f * power).find(s => s >= rough) ?? 10 * power;
  const count = Math.ceil(top / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) =>
    Number((i * step).toPrecision(12)),
  );
}
