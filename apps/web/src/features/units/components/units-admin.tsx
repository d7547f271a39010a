import { PlusOutlined } from '@ant-design/icons';
import { unitType } from '@ledger/domain/vocabulary';
import { App, Button, Flex, Popconfirm, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { PageHeader } from '@/components/ui/page-header';
import { LoadError } from '@/components/ui/load-error';

import { useUnits, type Unit } from '../api/get-units';
import { useUpdateUnit } from '../api/update-unit';
import { UnitFormModal } from './unit-form';

/** 单位管理: the district's units, their order, and disabling the ones that no longer exist. */
export function UnitsAdmin() {
  const { message } = App.useApp();
  const units = useUnits();
  const updateUnit = useUpdateUnit();
  const [editing, setEditing] = useState<{ unit?: Unit } | null>(null);

  const toggle = (unit: Unit) =>
    updateUnit.mutate(
      { id: unit.id, input: { disabled: !unit.disabled } },
      {
        onSuccess: () =>
          void message.success(unit.disabled ? `已启用“${unit.name}”` : `已停用“${unit.name}”`),
        onError: (error) => void message.error(error.message),
      },
    );

  const columns: TableColumnsType<Unit> = [
    { key: 'sortOrder', title: '排序', dataIndex: 'sortOrder', width: 70 },
    { key: 'name', title: '单位名称', dataIndex: 'name', width: 180 },
    { key: 'type', title: '类型', width: 90, render: (_, unit) => unitType.label(unit.type) },
    { key: 'code', title: '编码', dataIndex: 'code', width: 200 },
    {
      key: 'status',
      title: '状态',
      width: 80,
      render: (_, unit) => (unit.disabled ? <Tag>已停用</Tag> : <Tag color="success">正常</Tag>),
    },
    {
      key: 'actions',
      title: '操作',
      width: 150,
      render: (_, unit) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing({ unit })}>
            编辑
          </Button>
          <Popconfirm
            title={unit.disabled ? `启用“${unit.name}”？` : `停用“${unit.name}”？`}
            description={unit.disabled ? undefined : '停用后不能再指派为责任单位，已有记录保留。'}
            okText={unit.disabled ? '启用' : '停用'}
            cancelText="取消"
            onConfirm={() => toggle(unit)}
          >
            <Button type="link" size="small" danger={!unit.disabled}>
              {unit.disabled ? '启用' : '停用'}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="单位管理"
        actions={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            新增单位
          </Button>
        }
      />
      {units.isError && (
        <LoadError title="单位列表加载失败" error={units.error} onRetry={() => void units.refetch()} />
      )}
      <Table<Unit>
        rowKey="id"
        columns={columns}
        dataSource={units.data}
        loading={units.isFetching}
        pagination={false}
        scroll={{ x: 760 }}
        size="middle"
      />
      <UnitFormModal
        key={editing?.unit?.id ?? 'new'}
        unit={editing?.unit}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(unit) => {
          void message.success(editing?.unit ? `已保存“${unit.name}”` : `已新增“${unit.name}”`);
          setEditing(null);
        }}
      />
    </Flex>
  );
}
