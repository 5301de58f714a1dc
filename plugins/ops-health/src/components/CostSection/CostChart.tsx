import { useTheme } from '@material-ui/core/styles';
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
import { formatMoney } from '../common/format';

/**
 * Daily cost bars with the daily threshold as a horizontal line; days that
 * Cost Explorer still estimates are drawn lighter.
 *
 * @internal
 */
export function CostChart({
  days,
  dailyThreshold,
  unit,
}: {
  days: OpsHealthDailyCost[];
  dailyThreshold?: number;
  unit: string;
}) {
  const theme = useTheme();
  const over = days.filter(
    d => dailyThreshold !== undefined && d.amount > dailyThreshold,
  ).length;
  const threshold =
    dailyThreshold !== undefined
      ? `, threshold ${formatMoney(dailyThreshold, unit)}: ${over} ${
          over === 1 ? 'day' : 'days'
        } over it`
      : '';
  const description = `Daily cost of the last ${days.length} days${threshold}`;
  const tick = { fill: theme.palette.text.secondary, fontSize: 12 };
  const max = Math.max(dailyThreshold ?? 0, ...days.map(d => d.amount));

  return (
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
            tickFormatter={(day: string) => day.slice(5)}
            stroke={theme.palette.divider}
          />
          <YAxis
            tick={tick}
            domain={[0, Math.ceil(max * 1.1)]}
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
            formatter={(value, _name, item) => [
              `${formatMoney(Number(value), unit)}${
                item?.payload?.estimated ? ' (estimated)' : ''
              }`,
              'Cost',
            ]}
          />
          <Bar dataKey="amount" name="Cost" isAnimationActive={false}>
            {days.map(d => (
              <Cell
                key={d.day}
                fill={
                  dailyThreshold !== undefined && d.amount > dailyThreshold
                    ? theme.palette.error.main
                    : theme.palette.primary.main
                }
                fillOpacity={d.estimated ? 0.5 : 1}
              />
            ))}
          </Bar>
          {dailyThreshold !== undefined && (
            <ReferenceLine
              y={dailyThreshold}
              stroke={theme.palette.warning.main}
              strokeDasharray="6 3"
              label={{
                value: `Daily threshold ${formatMoney(dailyThreshold, unit)}`,
                position: 'insideTopRight',
                fill: theme.palette.text.primary,
                fontSize: 12,
              }}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
