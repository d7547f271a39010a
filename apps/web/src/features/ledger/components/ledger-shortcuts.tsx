import { ClockCircleOutlined, ExclamationCircleOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { ledgerHref, type LedgerFilters } from '@/lib/ledger-address';

import { useItems } from '../api/get-items';

const dueSoonDays = 7;

/** The overview's doorways into the ledger: all items, the overdue ones, those due within a week. */
export function LedgerShortcuts() {
  return (
    <Row gutter={[12, 12]}>
      <Shortcut title="全部事项" icon={<UnorderedListOutlined />} filters={{}} />
      <Shortcut
        title="已逾期"
        icon={<ExclamationCircleOutlined />}
        color="#cf1322"
        filters={{ overdue: true }}
      />
      <Shortcut
        title={`${dueSoonDays} 天内到期`}
        icon={<ClockCircleOutlined />}
        color="#d46b08"
        filters={{ dueWithinDays: dueSoonDays }}
      />
    </Row>
  );
}

type ShortcutProps = {
  title: string;
  icon: ReactNode;
  color?: string;
  filters: Partial<LedgerFilters>;
};

function Shortcut({ title, icon, color, filters }: ShortcutProps) {
  // One row is enough: the answer's total is the count.
  const items = useItems({ ...filters, pageSize: 1 });

  return (
    <Col xs={24} sm={8}>
      <Link to={ledgerHref(filters)} aria-label={title}>
        <Card hoverable size="small">
          <Statistic
            title={title}
            prefix={icon}
            value={items.data?.total ?? '—'}
            loading={items.isPending}
            styles={{ content: color ? { color } : undefined }}
            suffix={items.data ? '项' : undefined}
          />
        </Card>
      </Link>
    </Col>
  );
}
