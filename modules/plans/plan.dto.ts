import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { INDICATOR_DIRECTIONS, type IndicatorDirection } from '../../events/vocabulary';
import { MAX_GROUP_CODE } from './plan.validation';
import { ID_PATTERN, IsFiscalYearRecord, IsIndicatorValue, isIndicatorValue, MAX_NAME, MAX_TEXT } from '../shared/validators';

export class PeriodDto {
  @ApiProperty({ example: 2022 }) @IsInt() @Min(1989) @Max(2200) from!: number;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(1989) @Max(2200) to!: number;
}

/** A group of the hierarchy with its code: {code: "【1】", title: "健全な行財政運営の推進", groups: [{code: "ア", title: "…"}]}. */
export class GroupDto {
  @ApiPropertyOptional({ example: '【1】', description: 'the code as the city prints it (【1】, ア)' }) @IsOptional() @IsString() @MaxLength(MAX_GROUP_CODE) code?: string;
  @ApiProperty({ example: '健全な行財政運営の推進' }) @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) title!: string;
  @ApiPropertyOptional({ type: () => [GroupDto], description: 'the groups of the next level' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => GroupDto)
  groups?: GroupDto[];
}

export class CreatePlanDto {
  @ApiProperty({ example: '玉名市' }) @IsString() @IsNotEmpty() @MaxLength(100) municipality!: string;
  @ApiProperty({ example: '第４次玉名市行政改革大綱実行計画' }) @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) title!: string;
  @ApiProperty({ type: PeriodDto }) @IsObject() @ValidateNested() @Type(() => PeriodDto) period!: PeriodDto;
  @ApiProperty({ example: ['基本方針', '基本施策', '取組事項'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(6) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(50, { each: true })
  levels!: string[];
  @ApiPropertyOptional({ type: [GroupDto], description: 'the groups above the items with their codes (基本方針 【1】, 基本施策 ア)' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => GroupDto)
  groups?: GroupDto[];
}

export class DefineGroupsDto {
  @ApiProperty({ type: [GroupDto] })
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => GroupDto)
  groups!: GroupDto[];
  @ApiPropertyOptional({ description: 'why the registry changes (required once the plan is adopted)' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) reason?: string;
}

export class ActivityDto {
  @ApiProperty({ example: 'コンビニ納付・キャッシュレス決済の導入' }) @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) name!: string;
  @ApiProperty({ example: { '2022': '準備', '2023': '導入' } })
  @IsFiscalYearRecord((v) => typeof v === 'string' && v.length <= 200, 'texts of at most 200 characters')
  schedule!: Record<string, string>;
}

export class GlossaryDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) term!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX_TEXT) description!: string;
}

export class AddItemDto {
  @ApiProperty({ example: '3-1', description: 'URL-safe id' }) @IsString() @Matches(ID_PATTERN, { message: 'id must be 1–64 letters, digits, "-" or "_"' }) id!: string;
  @ApiPropertyOptional({ example: '③-1' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(20) label?: string;
  @ApiProperty({ example: 'ふるさと納税の推進' }) @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) title!: string;
  @ApiProperty({ example: ['健全な行財政運営の推進', '自主財源の確保及び創出による歳入の確保'] })
  @IsArray() @ArrayMaxSize(5) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(MAX_NAME, { each: true })
  path!: string[];
  @ApiProperty({ example: ['地域振興課'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(100, { each: true })
  departments!: string[];
  @ApiPropertyOptional({ description: '現状・課題' }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) situation?: string;
  @ApiPropertyOptional({ description: '取組内容' }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) content?: string;
  @ApiPropertyOptional({ description: '取組効果' }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) effect?: string;
  @ApiPropertyOptional({ type: [ActivityDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ActivityDto) activities?: ActivityDto[];
  @ApiPropertyOptional({ type: [GlossaryDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => GlossaryDto) glossary?: GlossaryDto[];
}

export class DefineIndicatorDto {
  @ApiProperty({ example: '1-1' }) @IsString() @Matches(ID_PATTERN, { message: 'id must be 1–64 letters, digits, "-" or "_"' }) id!: string;
  @ApiProperty({ example: '現年分収納率' }) @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) name!: string;
  @ApiProperty({ example: '%' }) @IsString() @IsNotEmpty() @MaxLength(20) unit!: string;
  @ApiProperty({ enum: INDICATOR_DIRECTIONS }) @IsIn(INDICATOR_DIRECTIONS) direction!: IndicatorDirection;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID_PATTERN, { message: 'itemId must be an item id' }) itemId?: string;
  @ApiPropertyOptional({ description: 'top-level group title' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) group?: string;
  @ApiPropertyOptional({ description: '基準値' }) @IsOptional() @IsIndicatorValue() baseline?: number | string;
  @ApiPropertyOptional({ description: 'final target' }) @IsOptional() @IsIndicatorValue() target?: number | string;
  @ApiPropertyOptional({ description: 'a target stated only in prose' }) @IsOptional() @IsString() @MaxLength(2000) targetNote?: string;
  @ApiPropertyOptional({ example: { '2023': 98.3 } }) @IsOptional() @IsFiscalYearRecord(isIndicatorValue, 'numbers or short texts') targets?: Record<string, number | string>;
}

export class ItemChangesDto extends PartialType(OmitType(AddItemDto, ['id'] as const)) {}
export class IndicatorChangesDto extends PartialType(OmitType(DefineIndicatorDto, ['id', 'itemId'] as const)) {}

export class ReviseItemDto {
  @ApiProperty({ description: 'why the item changes (real plans change mid-period)' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiProperty({ type: ItemChangesDto }) @IsObject() @ValidateNested() @Type(() => ItemChangesDto) changes!: ItemChangesDto;
}

export class ReviseIndicatorDto {
  @ApiProperty({ description: 'why the indicator changes' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiProperty({ type: IndicatorChangesDto }) @IsObject() @ValidateNested() @Type(() => IndicatorChangesDto) changes!: IndicatorChangesDto;
}
