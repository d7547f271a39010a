import type { LedgerDrillDown } from '@ledger/domain/dashboard';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useNavigate } from 'react-router';

import { ledgerHref } from '@/lib/ledger-address';

import type { ChartClick, ChartOption } from '../utils/charts';

// Only what the dashboard draws: the full `echarts` entry would triple the page's chunk.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * Under a test runner or browser automation charts draw at once: an animation would leave a
 * screenshot or a click half-way through it.
 */
export const chartAnimation = !(
  import.meta.env.MODE === 'test' ||
  (typeof navigator !== 'undefined' && navigator.webdriver)
);

type ChartProps = {
  option: ChartOption;
  height: number;
  /** What the chart shows, for screen readers (the figures themselves are in the tooltips). */
  label: string;
  /** The ledger rows behind the clicked bar or point; clicking opens the ledger with them. */
  targetOf: (click: ChartClick) => LedgerDrillDown | undefined;
};

/**
 * One ECharts chart that follows its box's width (cards stack on a phone, the side menu folds)
 * and opens the ledger rows behind a clicked bar or point.
 */
export function Chart({ option, height, label, targetOf }: ChartProps) {
  const navigate = useNavigate();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);

  // ECharts binds its handlers once; the latest `targetOf` is read at click time.
  const target = useRef(targetOf);
  useEffect(() => {
    target.current = targetOf;
  });
  const events = useMemo(
    () => ({
      click: (params: ChartClick) => {
        const filters = target.current(params);
        if (filters) void navigate(ledgerHref(filters));
      },
    }),
    [navigate],
  );

  return (
    <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }}>
      {/* ECharts cannot lay out in a box without a width; it starts once the box has one. */}
      {width > 0 && (
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          notMerge
          opts={{ locale: 'ZH' }}
          style={{ width: '100%', height }}
          onEvents={events}
        />
      )}
    </div>
  );
}

/** The element's content width, kept current as it changes. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
